package io.github.clonepath.lab.quiz;

/**
 * One predict-then-check exercise: a question, the answer the model's run gives, and the trace that
 * proves it, in the manner of OSTEP's homework simulators ({@code -c} prints the solution).
 *
 * @param question what to predict, ending with how to write the answer
 * @param answer the expected answer, in the normal form {@link #normalize} gives
 * @param proof the model's evidence: the system calls and state the answer is read from
 */
public record Exercise(String question, String answer, String proof) {

  /**
   * Whether a typed answer is the expected one: the same words in any order, any case, separated by
   * spaces or commas.
   *
   * @param typed what the learner typed
   * @return true if right
   */
  public boolean check(String typed) {
    return normalize(typed).equals(answer);
  }

  /**
   * An answer's normal form: lower case words, sorted (numbers by value), one space between.
   *
   * @param text an answer
   * @return the normal form ({@code none} for an empty answer)
   */
  public static String normalize(String text) {
    String[] words = text.strip().toLowerCase(java.util.Locale.ROOT).split("[\\s,]+");
    java.util.List<String> list = new java.util.ArrayList<>();
    for (String w : words) {
      if (!w.isEmpty()) {
        list.add(w);
      }
    }
    list.sort(
        (a, b) ->
            a.matches("\\d+") && b.matches("\\d+")
                ? Long.compare(Long.parseLong(a), Long.parseLong(b))
                : a.compareTo(b));
    return list.isEmpty() ? "none" : String.join(" ", list);
  }
}
