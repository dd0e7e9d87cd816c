public class Main {
    public static void main(String[] args) {
        int zero = 0;
        System.out.println(10 / zero);
    }
}
