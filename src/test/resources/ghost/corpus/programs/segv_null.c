#include <stdio.h>
int main(void) {
    int *p = NULL;
    *p = 5;
    return 0;
}
