int main(void) {
    int x = 1;
    if (x + 1 = 2) return 1;
    return 0;
}
