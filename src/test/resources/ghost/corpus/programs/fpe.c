#include <stdio.h>
int main(void) {
    int zero = 0;
    printf("%d\n", 10 / zero);
    return 0;
}
