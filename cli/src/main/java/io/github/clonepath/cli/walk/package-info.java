/** {@code clonepath walk TOPIC}: the command that prints a walkthrough of the lab's topics. */
package io.github.clonepath.cli.walk;
