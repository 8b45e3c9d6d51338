#!/bin/sh
# check-man.sh -- man pages lint clean and --help mirrors each SYNOPSIS.
#
# usage: check-man.sh CMD_DIR MAN_DIR COMMAND...
#
# Every page (sections 1, 5 and 7): `mandoc -Tlint` reports nothing above
# STYLE level.  For each command: the usage text printed by --help equals
# the rendered SYNOPSIS word for word, every option of the SYNOPSIS has a
# described entry in --help (read from the hidden --list-options), every
# option --help lists is described in the page's DESCRIPTION, --version
# names the command, and the page's EXIT STATUS and SEE ALSO refer to
# flamekit(7), where the common exit status is written once.  Exits 77
# (skipped) without mandoc.
set -u
cmddir=$1 mandir=$2; shift 2
command -v mandoc >/dev/null 2>&1 || { echo "mandoc not installed: skipped"; exit 77; }
pass=0 fail=0
norm() { tr -s ' \t\n' '   ' | sed 's/^ //; s/ $//'; }
for page in "$mandir"/*.[157]; do
  bad=$(mandoc -Tlint -W warning "$page" 2>&1 | grep -v 'referenced manual not found' | grep -v 'mandoc.db')
  if [ -n "$bad" ]; then echo "FAIL lint $page: $bad"; fail=$((fail + 1)); else pass=$((pass + 1)); fi
done
for cmd in "$@"; do
  page=$mandir/$cmd.1
  [ -f "$page" ] || { echo "FAIL $cmd: no man page"; fail=$((fail + 1)); continue; }
  syn=$(mandoc -Tascii "$page" | col -b | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | norm)
  use=$("$cmddir/$cmd" --help | sed -n '/^usage:/,/^$/p' | sed 's/^usage: //' | norm)
  if [ "$syn" != "$use" ]; then
    echo "FAIL $cmd: --help differs from SYNOPSIS"; echo "  man:  $syn"; echo "  help: $use"
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
  # Options both ways: SYNOPSIS -> --help, --help -> DESCRIPTION.
  list=$("$cmddir/$cmd" --list-options)
  desc=$(mandoc -Tascii "$page" | col -b | sed -n '/^DESCRIPTION/,/^EXIT STATUS/p')
  for tok in $(printf '%s\n' "$syn" | tr ' []|' '\n\n\n\n' | grep -E '^--?[A-Za-z]' | sed 's/=.*//'); do
    case $tok in
      --*) names=${tok#--}; field=1 ;;
      *) names=$(printf '%s' "${tok#-}" | sed 's/./& /g'); field=2 ;;
    esac
    for n in $names; do
      if ! printf '%s\n' "$list" | awk -F '\t' -v f=$field -v n="$n" '$f == n && $5 != "" { ok = 1 } END { exit !ok }'; then
        echo "FAIL $cmd: SYNOPSIS option '$n' has no described entry in --help"; fail=$((fail + 1))
      fi
    done
  done
  for l in $(printf '%s\n' "$list" | cut -f1); do
    if ! printf '%s\n' "$desc" | grep -Eq -- "(^|[^-a-z])--$l([^-a-z]|\$)"; then
      echo "FAIL $cmd: --$l is in --help but not described in $cmd.1"; fail=$((fail + 1))
    fi
  done
  for sh in $(printf '%s\n' "$list" | cut -f2 | grep .); do
    if ! printf '%s\n' "$desc" | grep -Eq -- "(^|[^-a-zA-Z])-$sh([^a-zA-Z]|\$)"; then
      echo "FAIL $cmd: -$sh is in --help but not described in $cmd.1"; fail=$((fail + 1))
    fi
  done
  for sec in 'EXIT STATUS' 'SEE ALSO'; do
    if awk -v sec="$sec" '/^\.Sh /{ins = ($0 == ".Sh " sec)} ins && /^\.Xr flamekit 7/{f=1} END{exit !f}' "$page"; then
      pass=$((pass + 1))
    else
      echo "FAIL $cmd: $sec does not refer to flamekit(7)"; fail=$((fail + 1))
    fi
  done
  case $("$cmddir/$cmd" --version) in "$cmd (flamekit) "*) pass=$((pass + 1)) ;;
    *) echo "FAIL $cmd --version"; fail=$((fail + 1)) ;; esac
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
