#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
volatile unsigned long sink;
__attribute__((noinline)) void store(unsigned long x){ sink=x; __asm__ volatile(""); }
__attribute__((noinline)) void spin(long n){ unsigned long x=sink; for(long i=0;i<n;i++){ x = x*6364136223846793005UL + 1; } store(x); }
__attribute__((noinline)) void work_small(long n){ spin(n); }
__attribute__((noinline)) void work_medium(long n){ spin(n*2); }
__attribute__((noinline)) void work_large(long n){ spin(n*3); }
__attribute__((noinline)) void *thr_small(void*a){ pthread_setname_np(pthread_self(),"small worker"); for(int i=0;i<120;i++) work_small(1000000); return 0; }
__attribute__((noinline)) void *thr_medium(void*a){ pthread_setname_np(pthread_self(),"med-worker"); for(int i=0;i<120;i++) work_medium(1000000); return 0; }
__attribute__((noinline)) void *thr_large(void*a){ for(int i=0;i<120;i++) work_large(1000000); return 0; }
int main(){ pthread_t t[3]; pthread_create(&t[0],0,thr_small,0); pthread_create(&t[1],0,thr_medium,0); pthread_create(&t[2],0,thr_large,0);
 for(int i=0;i<60;i++) spin(1000000);
 for(int i=0;i<3;i++) pthread_join(t[i],0); printf("%lu\n",sink); return 0; }
