package io.github.clonepath.lab.walk;

import com.google.common.collect.ImmutableList;

/**
 * The walkthroughs this build offers. A topic is listed here only once every layer it runs through
 * is modeled.
 */
public final class Topics {
  /** Every topic, in the order the help lists them. */
  public static final ImmutableList<Topic> ALL =
      ImmutableList.of(
          new NewmTopic(),
          new NewosprocPthreadTopic(),
          new NewprocTopic(),
          new PthreadCreateTopic(),
          new CloneVsForkTopic());

  private Topics() {}
}
