public class Main {
    public static void main(String[] args) {
        String s = args.length > 0 ? args[0] : "x";
        try { Integer.parseInt("y"); } catch (Exception e) { }
        if (s == "x") {
            System.out.println(args[3]);
        }
    }
}
