#include <stdio.h>
#include <stdlib.h>
#include <string.h>
volatile unsigned long sink;
static char buf[1<<16];
__attribute__((noinline)) void store(unsigned long x){ sink=x; __asm__ volatile(""); }
static inline __attribute__((always_inline)) unsigned long mix(unsigned long x){ return x*6364136223846793005UL + 1442695040888963407UL; }
__attribute__((noinline)) void hash_bytes(long n){ unsigned long x=sink; for(long i=0;i<n;i++){ x = mix(x) ^ buf[i & 0xffff]; } store(x); }
__attribute__((noinline)) void fill_buffer(long n){ for(long r=0;r<n;r++) memset(buf, (int)r, sizeof buf); store(buf[7]); }
static inline __attribute__((always_inline)) void stage_inline(long n){ hash_bytes(n); fill_buffer(n/20000); }
__attribute__((noinline)) void process_chunk(long n){ stage_inline(n); hash_bytes(n/2); }
__attribute__((noinline)) void sort_like(long n){ unsigned long x=sink; for(long i=0;i<n;i++){ x = mix(x); if (x & 1) x >>= 1; } store(x); }
__attribute__((noinline)) void pipeline(long n){ process_chunk(n); sort_like(n); }
int main(int argc,char**argv){ long it = argc>1?atol(argv[1]):100; for(long i=0;i<it;i++){ pipeline(1000000); if(i%4==0) sort_like(500000);} printf("%lu\n",sink); return 0; }
