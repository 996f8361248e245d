package org.rnntk.benchmarks.cli;

/** Entry point of {@code rnntk.jar}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("rnntk");
    }
}
