package io.github.mcpplatform.cnpg.output;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * What a tool answers, before formatting: a text rendering and structured content. A list reply can be
 * shortened item by item, so that a truncated answer stays valid JSON and says how much it left out.
 */
public final class Reply {

	private final Function<Integer, String> text;

	private final Function<Integer, Map<String, Object>> structured;

	private final int items;

	private final @Nullable String narrowHint;

	private Reply(Function<Integer, String> text, Function<Integer, Map<String, Object>> structured, int items,
			@Nullable String narrowHint) {
		this.text = text;
		this.structured = structured;
		this.items = items;
		this.narrowHint = narrowHint;
	}

	/** A reply that is never shortened item by item (it is cut as text if it must be). */
	public static Reply of(String text, Map<String, Object> structured) {
		return new Reply(n -> text, n -> structured, 0, null);
	}

	/**
	 * A list reply.
	 *
	 * @param key the structured field holding the items (with {@code count} beside it)
	 * @param items the items, in the order to show them
	 * @param fields other structured fields, shown before the items
	 * @param text renders a prefix of the items as text
	 * @param narrowHint how to ask for less, shown when items are left out
	 */
	public static <T> Reply list(String key, List<T> items, Map<String, Object> fields, Function<List<T>, String> text,
			String narrowHint) {
		return new Reply(n -> text.apply(items.subList(0, n)), n -> {
			Map<String, Object> map = new LinkedHashMap<>(fields);
			map.put(key, items.subList(0, n));
			map.put("count", items.size());
			if (n < items.size()) {
				map.put("truncated", Map.of("shown", n, "omitted", items.size() - n, "hint", narrowHint));
			}
			return map;
		}, items.size(), narrowHint);
	}

	String text(int shown) {
		return this.text.apply(shown);
	}

	Map<String, Object> structured(int shown) {
		return this.structured.apply(shown);
	}

	int items() {
		return this.items;
	}

	boolean isList() {
		return this.narrowHint != null;
	}

	@Nullable String narrowHint() {
		return this.narrowHint;
	}

}
