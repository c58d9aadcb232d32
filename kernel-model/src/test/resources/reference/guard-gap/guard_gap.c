/* The stack guard gap (256 pages) below a MAP_GROWSDOWN mapping, with a MAP_FIXED mapping placed
   inside it: where do the next non-fixed mappings go? Inside a 64 MiB PROT_NONE reservation R a
   64 KiB GROWSDOWN mapping G is placed at R+48M and [R+16M, R+48M) is unmapped, so the 8 MiB
   requests below fit only in that hole. Prints offsets from R in KiB. */
#include <stdio.h>
#include <sys/mman.h>

#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define M (1024L * 1024)

static char *r;

static long at(char *p) { return (long)(p - r) / 1024; }

int main(void) {
  r = mmap(NULL, 64 * M, PROT_NONE, ANON | MAP_NORESERVE, -1, 0);
  char *g = mmap(r + 48 * M, 65536, RW, ANON | MAP_FIXED | MAP_GROWSDOWN, -1, 0);
  munmap(r + 16 * M, 32 * M);
  char *a = mmap(NULL, (8 * M + 4096), RW, ANON, -1, 0);
  printf("growsdown %ld\nno fixed: %ld\n", at(g), at(a));
  munmap(a, (8 * M + 4096));
  for (long below = 4; below <= 1024; below *= 4) {
    char *f = mmap(g - below * 1024, 4096, RW, ANON | MAP_FIXED, -1, 0);
    char *b = mmap(NULL, (8 * M + 4096), RW, ANON, -1, 0);
    char *c = mmap(NULL, (4 * M + 4096), RW, ANON, -1, 0);
    printf("fixed %ld: %ld then %ld\n", at(f), at(b), at(c));
    munmap(b, (8 * M + 4096));
    munmap(c, (4 * M + 4096));
    munmap(f, 4096);
  }
  return 0;
}
