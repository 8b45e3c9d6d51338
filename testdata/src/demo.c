#include <stdio.h>
#include <stdlib.h>
#include <string.h>
volatile unsigned long sink;
__attribute__((noinline)) void store(unsigned long x){ sink=x; __asm__ volatile(""); }
__attribute__((noinline)) void burn(long n){ unsigned long x=sink; for(long i=0;i<n;i++){ x ^= x<<13; x ^= x>>7; x ^= x<<17; x+=i; } store(x); }
__attribute__((noinline)) void parse_header(long n){ burn(n); }
__attribute__((noinline)) void parse_body(long n){ burn(n*4); }
__attribute__((noinline)) void parse_request(long n){ parse_header(n); parse_body(n); }
__attribute__((noinline)) void compress_block(long n){ burn(n*3); }
__attribute__((noinline)) void checksum(long n){ burn(n); }
__attribute__((noinline)) void encode_response(long n){ compress_block(n); checksum(n); }
__attribute__((noinline)) void lookup_cache(long n){ burn(n*2); }
__attribute__((noinline)) void query_db(long n){ burn(n*5); }
__attribute__((noinline)) void fetch_data(long n){ lookup_cache(n); query_db(n); }
__attribute__((noinline)) void handle_request(long n){ parse_request(n); fetch_data(n); encode_response(n); }
__attribute__((noinline)) void write_log(long n){ burn(n*2); }
__attribute__((noinline)) void serve(long it, long n){ for(long i=0;i<it;i++){ handle_request(n); if(i%3==0) write_log(n);} }
int main(int argc,char**argv){ long it = argc>1?atol(argv[1]):100; serve(it, 400000); printf("%lu\n",sink); return 0; }
