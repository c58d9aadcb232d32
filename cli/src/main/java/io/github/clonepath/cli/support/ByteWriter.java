package io.github.clonepath.cli.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.Charset;

/**
 * The writer under the command's standard output: each string is encoded at once with {@link
 * String#getBytes(Charset)} into one byte buffer, written out when it fills and on {@link #flush}.
 *
 * <p>Why not {@code new PrintWriter(System.out)}: that chain copies every line four times (into a
 * char buffer, through a charset encoder, into {@code System.out}'s own buffer, which flushes on
 * every write), and under the client compiler the char-by-char widening and encoding loops were a
 * tenth of a {@code clonepath run} streaming 400,000 strace lines. A string's bytes here are the
 * ones an {@code OutputStreamWriter} of the same charset writes; only a surrogate pair split across
 * two writes would come out differently (as two replacement bytes), which the commands' whole-line
 * writes never do.
 */
public final class ByteWriter extends Writer {
  private final OutputStream out;
  private final Charset charset;
  private final byte[] buf;
  private int count;

  /**
   * A writer over a stream.
   *
   * @param out the stream, written in chunks of up to {@code size} bytes
   * @param charset how characters become bytes
   * @param size the buffer's size in bytes
   */
  public ByteWriter(OutputStream out, Charset charset, int size) {
    this.out = out;
    this.charset = charset;
    this.buf = new byte[size];
  }

  @Override
  public void write(String s, int off, int len) throws IOException {
    put((off == 0 && len == s.length() ? s : s.substring(off, off + len)).getBytes(charset));
  }

  @Override
  public void write(char[] cbuf, int off, int len) throws IOException {
    put(new String(cbuf, off, len).getBytes(charset));
  }

  @Override
  public void write(int c) throws IOException {
    put(String.valueOf((char) c).getBytes(charset));
  }

  private void put(byte[] b) throws IOException {
    if (b.length > buf.length - count) {
      drain();
      if (b.length > buf.length) {
        out.write(b);
        return;
      }
    }
    System.arraycopy(b, 0, buf, count, b.length);
    count += b.length;
  }

  private void drain() throws IOException {
    if (count > 0) {
      out.write(buf, 0, count);
      count = 0;
    }
  }

  @Override
  public void flush() throws IOException {
    drain();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    flush();
    out.close();
  }
}
