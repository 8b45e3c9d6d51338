#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
static char buf[65536];
__attribute__((noinline)) void read_zero(int fd){ for(int i=0;i<20;i++) if(read(fd,buf,sizeof buf)<0) abort(); }
__attribute__((noinline)) void write_null(int fd){ for(int i=0;i<20;i++) if(write(fd,buf,sizeof buf)<0) abort(); }
__attribute__((noinline)) void do_stats(void){ struct stat st; for(int i=0;i<50;i++){ stat("/etc/passwd",&st); stat("/usr/bin/perl",&st);} }
int main(int argc,char**argv){ long it=argc>1?atol(argv[1]):3000; int z=open("/dev/zero",O_RDONLY), n=open("/dev/null",O_WRONLY);
 for(long i=0;i<it;i++){ read_zero(z); write_null(n); do_stats(); } return 0; }
