package io.github.clonepath.glibc.elf;

import java.util.List;

/**
 * What the loader reads of a shared object's ELF header: its {@code PT_LOAD} program headers in
 * order and its {@code PT_GNU_RELRO} range. The model keeps no file contents, so the numbers are
 * data, read with {@code readelf -lW} from the file of the build named.
 *
 * @param path the path the loader's cache gives for the name
 * @param loads the PT_LOAD headers, in file order
 * @param relroAddr PT_GNU_RELRO's p_vaddr
 * @param relroSize PT_GNU_RELRO's p_memsz
 */
public record ElfFile(String path, List<ElfFile.Load> loads, long relroAddr, long relroSize) {

  /**
   * One PT_LOAD program header.
   *
   * @param offset p_offset
   * @param vaddr p_vaddr
   * @param filesz p_filesz
   * @param memsz p_memsz
   * @param prot the PROT_* bits of its p_flags (PF_R → PROT_READ, PF_W → PROT_WRITE, PF_X →
   *     PROT_EXEC)
   */
  public record Load(long offset, long vaddr, long filesz, long memsz, int prot) {}

  private static final int R = 1;
  private static final int W = 2;
  private static final int X = 4;

  /**
   * {@code /lib/x86_64-linux-gnu/libgcc_s.so.1} of Debian 12's libgcc-s1 12.2.0-14+deb12u1 (the
   * reference machine's unwinder): four PT_LOADs (R, R+X, R, RW) and a RELRO of 0x250 bytes.
   */
  public static final ElfFile LIBGCC_S =
      new ElfFile(
          "/lib/x86_64-linux-gnu/libgcc_s.so.1",
          List.of(
              new Load(0x000000, 0x000000, 0x002c78, 0x002c78, R),
              new Load(0x003000, 0x003000, 0x0168d1, 0x0168d1, R | X),
              new Load(0x01a000, 0x01a000, 0x00330c, 0x00330c, R),
              new Load(0x01ddb0, 0x01edb0, 0x0003e0, 0x000518, R | W)),
          0x01edb0,
          0x000250);
}
