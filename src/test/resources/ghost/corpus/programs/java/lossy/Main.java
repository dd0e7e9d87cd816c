public class Main {
    public static void main(String[] args) {
        double d = 3.5;
        int x = d;
    }
}
