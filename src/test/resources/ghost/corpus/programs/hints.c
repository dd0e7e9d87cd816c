#include <stdio.h>
int main(void) {
    char buf[8];
    int n = 0;
    if (n = 0) { gets(buf); }
    int *p = 0;
    return *p;
}
