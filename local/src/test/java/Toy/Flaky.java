package Toy;

/** A toy transient failure: the class name is the error name the toy state machine retries on ({@code Toy.Flaky}). */
public class Flaky extends RuntimeException {

    public Flaky(String message) {
        super(message);
    }
}
