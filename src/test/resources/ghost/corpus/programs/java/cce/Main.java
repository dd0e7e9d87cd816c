public class Main {
    public static void main(String[] args) {
        Object o = "text";
        Integer i = (Integer) o;
    }
}
