#include <stdio.h>
int main(void) {
    printf("hi);
    return 0;
}
