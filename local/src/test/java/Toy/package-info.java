/**
 * Toy error classes for the local state machine tests: packages named after the error family, so that the class name
 * the Lambda runtime reports ({@code Toy.Flaky}) is the error name the ASL matches, as in the functions module.
 */
package Toy;
