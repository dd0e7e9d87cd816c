#include <stdio.h>
#include <stdlib.h>
int main(void) {
    char *p = malloc(16);
    snprintf(p, 16, "%d", 1);
    free(p);
    puts(p);
    free(p);
    return 0;
}
