import java.util.*;
public class Main {
    public static void main(String[] args) {
        List<long[]> all = new ArrayList<>();
        while (true) { all.add(new long[10_000_000]); }
    }
}
