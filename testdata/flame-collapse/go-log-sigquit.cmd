{ echo '2026/12/05 04:11:30 listening on :8080'; cat ../go/sigquit.txt; echo '2026/12/05 04:11:31 shutting down'; } | flame-collapse --go-state -v
