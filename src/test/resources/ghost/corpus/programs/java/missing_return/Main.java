public class Main {
    static int f(int x) {
        if (x > 0) { return 1; }
    }
    public static void main(String[] args) { f(1); }
}
