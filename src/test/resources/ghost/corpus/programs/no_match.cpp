#include <string>
void f(int x) {}
int main() {
    f(std::string("a"));
    return 0;
}
