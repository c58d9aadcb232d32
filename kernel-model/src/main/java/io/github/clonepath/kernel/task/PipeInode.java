package io.github.clonepath.kernel.task;

import io.github.clonepath.common.Source;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code struct pipe_inode_info}: one pipe's buffered bytes, how many open descriptions read and
 * write it, and the readers sleeping on its {@code rd_wait} queue. The two ends made by pipe2 are
 * two open files of the same inode. DEVIATION: the ring of page buffers is kept as one queue of
 * bytes of the same capacity (16 pages, 65536 bytes).
 */
public final class PipeInode {
  /** {@code PIPE_DEF_BUFFERS} pages of 4 KiB: what a new pipe holds before a writer must wait. */
  public static final int CAPACITY = 16 * 4096;

  private final ArrayDeque<Byte> buffer = new ArrayDeque<>();

  /** Open descriptions reading the pipe ({@code pipe->readers}). */
  public int readers = 1;

  /** Open descriptions writing the pipe ({@code pipe->writers}). */
  public int writers = 1;

  /** {@code rd_wait}: each sleeping reader, with what wakes it (a try_to_wake_up of its task). */
  private final Map<Object, Runnable> rdWait = new LinkedHashMap<>();

  /**
   * Whether the buffer holds no byte ({@code pipe_empty}).
   *
   * @return true when a read would find nothing
   */
  public boolean empty() {
    return buffer.isEmpty();
  }

  /**
   * How many more bytes fit before the pipe is full.
   *
   * @return the free room
   */
  public int room() {
    return CAPACITY - buffer.size();
  }

  /**
   * Appends written bytes (the caller checked the room).
   *
   * @param bytes what a writer copied in
   */
  public void push(byte[] bytes) {
    for (byte b : bytes) {
      buffer.addLast(b);
    }
  }

  /**
   * Takes up to {@code count} bytes from the head of the buffer.
   *
   * @param count the reader's buffer size
   * @return the bytes taken, in order
   */
  public byte[] take(long count) {
    int n = (int) Math.min(count, buffer.size());
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = buffer.removeFirst();
    }
    return out;
  }

  /**
   * Queues a sleeping reader on {@code rd_wait}.
   *
   * @param key the reader (its task), to take it off again
   * @param wake what wakes it
   */
  public void addReader(Object key, Runnable wake) {
    rdWait.put(key, wake);
  }

  /**
   * Takes a reader off {@code rd_wait} (it woke for another reason).
   *
   * @param key the reader
   */
  public void removeReader(Object key) {
    rdWait.remove(key);
  }

  /**
   * {@code wake_up_interruptible_sync_poll(&pipe->rd_wait, ...)}: every sleeping reader wakes and
   * looks at the buffer again.
   */
  public void wakeReaders() {
    List<Runnable> all = new ArrayList<>(rdWait.values());
    rdWait.clear();
    for (Runnable w : all) {
      w.run();
    }
  }

  /**
   * {@code pipe_release}: an end's last reference went away. When the last writer goes, the
   * sleeping readers wake to find end of file.
   *
   * @param read whether the released description was the read end
   */
  @Source(file = "fs/pipe.c", function = "pipe_release", version = "Linux 6.2")
  public void release(boolean read) {
    if (read) {
      readers--;
    } else {
      writers--;
    }
    if (readers == 0 || writers == 0) {
      wakeReaders();
    }
  }
}
