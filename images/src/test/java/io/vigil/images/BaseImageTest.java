package io.vigil.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseImageTest {

    @Test
    void readsEveryKindOfLddLine() {
        assertThat(BaseImage.LddLine.parse("\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0d1c000000)"))
                .isEqualTo(new BaseImage.LddLine("libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6"));
        assertThat(BaseImage.LddLine.parse("\t/lib64/ld-linux-x86-64.so.2 (0x00007f0d1c400000)"))
                .isEqualTo(new BaseImage.LddLine("/lib64/ld-linux-x86-64.so.2", "/lib64/ld-linux-x86-64.so.2"));
        assertThat(BaseImage.LddLine.parse("\tlibjvm.so => not found"))
                .isEqualTo(new BaseImage.LddLine("libjvm.so", null));
        assertThat(BaseImage.LddLine.parse("\tlinux-vdso.so.1 (0x00007ffd4a1f2000)")).isNull();
        assertThat(BaseImage.LddLine.parse("")).isNull();
    }

    @Test
    void findsTheCLibrariesOfTheRunningJdkOutsideIt() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home")).toRealPath();
        Map<String, Path> libraries = BaseImage.sharedLibraries(jdk);

        assertThat(libraries.keySet()).anyMatch(l -> l.endsWith("/libc.so.6")).anyMatch(l -> l.contains("ld-linux"));
        assertThat(libraries.values()).allSatisfy(real -> {
            assertThat(real).isRegularFile();
            assertThat(real.startsWith(jdk)).as(real + " is the JDK's own").isFalse();
        });
        // Nothing of the desktop: the JDK's AWT libraries are not followed.
        assertThat(libraries.keySet()).noneMatch(l -> l.contains("libX11") || l.contains("libasound"));
    }

    @Test
    void refusesADirectoryThatIsNoJdk(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("base.tar");
        assertThatThrownBy(() -> BaseImage.build(dir, dir, output, "vigil/base-jre:test", dir.resolve("work")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--jdk").hasMessageContaining("bin/java");
        assertThat(Files.exists(output)).isFalse();
    }
}
