#include <iostream>
int main() {
    std::vector<int> v;
    return 0;
}
