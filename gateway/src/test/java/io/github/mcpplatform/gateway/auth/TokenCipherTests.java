package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCipherTests {

	@TempDir
	Path dir;

	@Test
	void aSealedValueOpensOnlyUnderItsOwnStoreKey() {
		TokenCipher cipher = TokenCipher.load(null);
		String sealed = cipher.encrypt("upstream-token", "grant:a");
		assertThat(sealed).doesNotContain("upstream-token");
		assertThat(cipher.decrypt(sealed, "grant:a")).isEqualTo("upstream-token");
		assertThatThrownBy(() -> cipher.decrypt(sealed, "grant:b")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aKeyFromAFileIsSharedByEveryReplica() throws Exception {
		Path file = Files.writeString(this.dir.resolve("key"), Base64.getEncoder().encodeToString(new byte[32]) + "\n");
		assertThat(TokenCipher.load(file).decrypt(TokenCipher.load(file).encrypt("x", "k"), "k")).isEqualTo("x");
	}

	@Test
	void aKeyFileOfTheWrongSizeIsRefusedSayingHowToMakeOne() throws Exception {
		Path file = Files.writeString(this.dir.resolve("key"), Base64.getEncoder().encodeToString(new byte[16]));
		assertThatThrownBy(() -> TokenCipher.load(file)).hasMessageContaining("openssl rand -base64 32");
	}

}
