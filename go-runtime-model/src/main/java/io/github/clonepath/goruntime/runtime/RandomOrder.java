package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Source;
import java.util.SplittableRandom;

/**
 * {@code randomOrder}: visits the Ps from a random start with a stride coprime to their number, so
 * every P is seen once per round. The coprimes are worked out once per number of Ps, as {@code
 * randomOrder.reset} does when procresize changes it, not on every round of every steal.
 */
final class RandomOrder {
  private int[] coprimes = new int[0];
  private int count = -1;

  /**
   * A stride coprime to n, drawn from rand (one draw, as fastrand's).
   *
   * @param n the number of Ps
   * @param rand the runtime's random source
   */
  @Source(file = "runtime/proc.go", line = 6138, function = "randomOrder.reset", version = "go1.19")
  int stride(int n, SplittableRandom rand) {
    if (n != count) {
      int[] c = new int[n];
      int k = 0;
      for (int i = 1; i <= n; i++) {
        if (gcd(i, n) == 1) {
          c[k++] = i;
        }
      }
      coprimes = java.util.Arrays.copyOf(c, k);
      count = n;
    }
    return coprimes[rand.nextInt(coprimes.length)];
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
