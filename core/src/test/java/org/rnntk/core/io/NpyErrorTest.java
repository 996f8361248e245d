package org.rnntk.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnntk.core.io.NpyTestFiles.bytes;
import static org.rnntk.core.io.NpyTestFiles.doubles;
import static org.rnntk.core.io.NpyTestFiles.longs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a file or an argument can be wrong gives its own clear message. */
class NpyErrorTest {

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final String GOOD_HEADER = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }\n";

    @TempDir
    Path dir;

    private static <T extends Throwable> T assertMessage(Class<T> type, Executable call, String... fragments) {
        T e = assertThrows(type, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment),
                    "message lacks '" + fragment + "': " + e.getMessage());
        }
        return e;
    }

    private Path file(byte[] content) {
        return NpyTestFiles.write(dir, "bad.npy", content);
    }

    private void assertBadFile(byte[] content, String... fragments) {
        Path path = file(content);
        String[] withName = Arrays.copyOf(fragments, fragments.length + 1);
        withName[fragments.length] = path.toString();
        assertMessage(NpyFormatException.class, () -> Npy.read(path), withName);
    }

    // ---------------------------------------------------------------- files

    @Test
    void missingFile() {
        Path path = dir.resolve("nope.npy");
        UncheckedIOException e = assertMessage(UncheckedIOException.class, () -> Npy.read(path),
                "cannot read " + path, "no such file");
        assertTrue(e.getCause() instanceof NoSuchFileException);
    }

    @Test
    void directoryIsNotReadable() {
        assertMessage(UncheckedIOException.class, () -> Npy.read(dir), "cannot read " + dir);
    }

    @Test
    void badMagic() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
        assertBadFile(png, "is not an .npy file", "\\x93NUMPY", "89 50 4E 47");
        assertBadFile("just some text, long enough".getBytes(StandardCharsets.US_ASCII), "is not an .npy file");
    }

    @Test
    void emptyAndTooShortFiles() {
        assertBadFile(new byte[0], "is truncated", "0 bytes");
        assertBadFile(new byte[] {(byte) 0x93, 'N', 'U', 'M'}, "is truncated", "4 bytes");
        assertBadFile(Arrays.copyOf(bytes(2, GOOD_HEADER, new byte[0]), 11), "is truncated",
                "header length");
    }

    @Test
    void unsupportedVersion() {
        byte[] content = bytes(1, GOOD_HEADER, doubles(LE, new double[6]));
        content[6] = 4;
        assertBadFile(content, "format version 4.0", "supported: 1.0, 2.0, 3.0");
        content[6] = 1;
        content[7] = 1;
        assertBadFile(content, "format version 1.1");
    }

    @Test
    void truncatedHeader() {
        byte[] content = bytes(1, GOOD_HEADER, new byte[0]);
        assertBadFile(Arrays.copyOf(content, content.length - 5), "is truncated", "header claims");
    }

    @Test
    void truncatedData() {
        byte[] content = bytes(1, GOOD_HEADER, doubles(LE, 1, 2, 3, 4, 5, 6));
        assertBadFile(Arrays.copyOf(content, content.length - 1), "is truncated", "shape [2, 3]", "<f8",
                "needs 48 data bytes but 47 follow");
        assertBadFile(bytes(1, GOOD_HEADER, new byte[0]), "is truncated", "needs 48 data bytes but 0 follow");
    }

    @Test
    void trailingData() {
        assertBadFile(bytes(1, GOOD_HEADER, doubles(LE, 1, 2, 3, 4, 5, 6, 7)), "has trailing bytes",
                "needs 48 data bytes but 56 follow");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "<c16; '<c16'",
        "|b1; '|b1'",
        "<f2; '<f2'",
        "<i16; '<i16'",
        "O; 'O'",
        "float64; 'float64'",
    })
    void unsupportedDtypeIsNamed(String descr, String named) {
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (1,), }";
        assertBadFile(bytes(1, header, new byte[16]), "has dtype " + named, "not supported", "'<f8'", "'>i4'");
    }

    @Test
    void structuredDtype() {
        String header = "{'descr': [('x', '<f8'), ('y', '<i4')], 'fortran_order': False, 'shape': (1,), }";
        assertBadFile(bytes(1, header, new byte[12]), "structured dtype", "not supported");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "{'descr': '<f8', 'fortran_order': False}| missing key 'shape'",
        "{'descr': '<f8', 'shape': (1,)}| missing key 'fortran_order'",
        "{'fortran_order': False, 'shape': (1,)}| missing key 'descr'",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': (1,)}| unexpected key 'x'",
        "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}| duplicate key 'descr'",
        "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}| expected a string, a tuple, True or False",
        "{'descr': '<f8', 'fortran_order': 'no', 'shape': (1,)}| 'fortran_order' must be True or False",
        "{'descr': (8,), 'fortran_order': False, 'shape': (1,)}| 'descr' must be a string",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}| shape[0] (-1) must be >= 0",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1, x)}| expected an integer in the shape tuple",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1 2)}| expected ',' or ')'",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,)}| does not fit a 64-bit",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)| expected ',' or '}', at the end",
        "{'descr': '<f8' 'fortran_order': False, 'shape': (1,)}| expected ',' or '}'",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} junk| unexpected text after the closing '}'",
        "['descr', '<f8']| expected '{'",
        "{'descr: '<f8'}| expected ':'",
        "{'descr': '<f8, 'fortran_order': False}| expected ',' or '}', at offset 17",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'd': 'a\\b'}| escape sequences",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'd': 'abc}| unterminated string",
        "{descr: '<f8'}| expected a quoted key",
    })
    void malformedHeader(String header, String expected) {
        assertBadFile(bytes(1, header, new byte[8]), "malformed header", expected.strip());
    }

    @Test
    void malformedHeaderMessageQuotesTheHeader() {
        String header = "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,)}";
        assertBadFile(bytes(1, header, new byte[8]), header);
    }

    @Test
    void version3HeaderMustBeUtf8() {
        byte[] content = bytes(3, GOOD_HEADER, doubles(LE, new double[6]));
        content[14] = (byte) 0xff;
        assertBadFile(content, "not valid UTF-8");
    }

    @Test
    void shapeTooLargeForAJavaArray() {
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (65536, 65536), }";
        assertBadFile(bytes(1, header, new byte[0]), "more elements than a Java array can hold");
    }

    @Test
    void int64BeyondTwoTo53CannotBeReadExactly() {
        String header = "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }";
        assertBadFile(bytes(1, header, longs(LE, 1, (1L << 53) + 1, 0)), "element 1 (9007199254740993)",
                "outside +-2^53");
        assertBadFile(bytes(1, header, longs(LE, 1, 0, Long.MIN_VALUE)), "element 2");
    }

    @Test
    void nanInAFileIsNotAnError() {
        Path path = file(bytes(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", doubles(LE, Double.NaN)));
        assertTrue(Double.isNaN(Npy.read(path).scalar("nan.npy")));
    }

    // ---------------------------------------------------------------- writing

    @Test
    void writeShapeDataMismatch() {
        Path path = dir.resolve("w.npy");
        assertMessage(IllegalArgumentException.class, () -> Npy.write(path, new double[11], 3, 4),
                "data has length 11 but shape [3, 4] requires 12");
        assertMessage(IllegalArgumentException.class, () -> Npy.writeFloat32(path, new float[5], 2, 3),
                "data has length 5 but shape [2, 3] requires 6");
        assertMessage(IllegalArgumentException.class, () -> Npy.write(path, new double[2]),
                "data has length 2 but shape [] requires 1");
        assertTrue(Files.notExists(path), "nothing is written when the arguments are wrong");
    }

    @Test
    void writeNegativeOrHugeShape() {
        Path path = dir.resolve("w.npy");
        assertMessage(IllegalArgumentException.class, () -> Npy.write(path, new double[0], 3, -1),
                "shape[1] (-1) must be >= 0");
        assertMessage(IllegalArgumentException.class, () -> Npy.writeFloat32(path, new float[0], -2),
                "shape[0] (-2) must be >= 0");
        assertMessage(IllegalArgumentException.class,
                () -> Npy.write(path, new double[1], Long.MAX_VALUE, Long.MAX_VALUE),
                "more elements than a Java array can hold");
    }

    @Test
    void writeNullArguments() {
        Path path = dir.resolve("w.npy");
        assertMessage(IllegalArgumentException.class, () -> Npy.write(null, new double[1]), "path must not be null");
        assertMessage(IllegalArgumentException.class, () -> Npy.write(path, null, 1), "data must not be null");
        assertMessage(IllegalArgumentException.class, () -> Npy.write(path, new double[1], (long[]) null),
                "shape must not be null");
        assertMessage(IllegalArgumentException.class, () -> Npy.writeFloat32(path, null, 1), "data must not be null");
        assertMessage(IllegalArgumentException.class, () -> Npy.write(path, (NpyArray) null),
                "array must not be null");
        assertMessage(IllegalArgumentException.class, () -> Npy.read(null), "path must not be null");
    }

    @Test
    void writeNonIntegersAsIntegerDtype() {
        Path path = dir.resolve("w.npy");
        assertMessage(IllegalArgumentException.class,
                () -> Npy.write(path, new NpyArray(new long[] {3}, NpyDtype.INT32, new double[] {1, 2.5, 3})),
                "data[1] (2.5) cannot be written as dtype <i4", "expected an integer in [-2147483648, 2147483647]");
        assertMessage(IllegalArgumentException.class,
                () -> Npy.write(path, new NpyArray(new long[] {1}, NpyDtype.INT32, new double[] {2147483648.0})),
                "data[0] (2.147483648E9)");
        assertMessage(IllegalArgumentException.class,
                () -> Npy.write(path, new NpyArray(new long[0], NpyDtype.INT64, new double[] {Double.NaN})),
                "data[0] (NaN) cannot be written as dtype <i8");
        assertTrue(Files.notExists(path), "integers are checked before the file is opened");
    }

    @Test
    void writeIntoMissingDirectory() {
        Path path = dir.resolve("no/such/dir/w.npy");
        assertMessage(UncheckedIOException.class, () -> Npy.write(path, new double[] {1}, 1),
                "cannot write " + path, "no such file or directory");
    }

    @Test
    void writeNanIsAllowed() throws IOException {
        Path path = dir.resolve("w.npy");
        Npy.write(path, new double[] {Double.NaN, Double.POSITIVE_INFINITY}, 2);
        assertEquals(2, Npy.read(path).size());
        assertTrue(Files.size(path) > 0);
    }
}
