/* Spins, then execs argv[1] with the rest: the thread's comm changes at the exec. */
#include <unistd.h>
volatile unsigned long sink;
__attribute__((noinline)) void store(unsigned long x){ sink=x; __asm__ volatile(""); }
__attribute__((noinline)) void before_exec(long n){ unsigned long x=sink; for(long i=0;i<n;i++){ x = x*6364136223846793005UL + 1; } store(x); }
int main(int argc,char**argv){ for(int i=0;i<40;i++) before_exec(1000000); if(argc>1) execv(argv[1], argv+1); return 1; }
