#include <stdio.h>
int main(void) {
    int a[4];
    for (int i = 0; i <= 100000000; i++) a[i] = i;
    return a[0];
}
