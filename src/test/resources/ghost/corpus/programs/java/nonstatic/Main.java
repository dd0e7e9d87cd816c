public class Main {
    void hello() { }
    public static void main(String[] args) {
        hello();
    }
}
