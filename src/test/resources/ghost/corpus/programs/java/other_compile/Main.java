public class Main {
    public static void main(String[] args) {
        int int = 3;
    }
}
