#include <unistd.h>
int main(void) { write(1, "h\xc3\xa9llo\n", 7); write(1, "\xc3\xa9\xc3\xa9\xc3\xa9", 6); return 0; }
