package Toy;

/** A toy permanent failure: the class name is the error name the toy state machine catches ({@code Toy.Broken}). */
public class Broken extends RuntimeException {

    public Broken(String message) {
        super(message);
    }
}
