#include <stdio.h>
#include <string.h>
int main(void) {
    char buf[4];
    int n = 0;
    scanf("%d", &n);
    memset(buf, 'x', n * 10);
    puts(buf);
    return 0;
}
