#include <stdio.h>
#include <stdlib.h>
volatile unsigned long sink;
__attribute__((noinline)) void store(unsigned long x){ sink=x; __asm__ volatile(""); }
__attribute__((noinline)) void spin(long n){ unsigned long x=sink; for(long i=0;i<n;i++){ x = x*6364136223846793005UL + 1442695040888963407UL; } store(x); }
__attribute__((noinline)) void leaf_a(long n){ spin(n); }
__attribute__((noinline)) void leaf_b(long n){ spin(n); }
__attribute__((noinline)) void leaf_c(long n){ spin(n); }
__attribute__((noinline)) void mid_x(long n){ leaf_a(n*3); leaf_b(n); }
__attribute__((noinline)) void mid_y(long n){ leaf_c(n*2); leaf_a(n); }
__attribute__((noinline)) void top_one(long n){ mid_x(n); }
__attribute__((noinline)) void top_two(long n){ mid_y(n); mid_x(n/2); }
int main(int argc,char**argv){ long it = argc>1?atol(argv[1]):200; for(long i=0;i<it;i++){ top_one(1000000); top_two(1000000); spin(300000);} printf("%lu\n",sink); return 0; }
