/**
 * {@code clonepath walk TOPIC}: runs one of the seed walkthroughs on the model with call tracing on
 * and prints the call tree. Each topic is a small class that sets up a machine through the layers'
 * doors, runs the scenario, and hands the event log to a {@link
 * io.github.clonepath.common.walk.WalkFormat}.
 */
package io.github.clonepath.cli.walk;
