/**
 * Error classes whose fully qualified names are the state machine's error names ({@code Catalog.*}): the Java runtime
 * reports a thrown exception's class name as the Lambda error type, and {@code Retry}/{@code Catch} match on it.
 * Hence the capitalised package name.
 */
package Catalog;
