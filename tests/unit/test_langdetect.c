/* The language detector: clear sentences get their libstemmer language;
 * short, broken, empty or non-stemmer-language text gets the fallback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyze.h"
#include "langdetect.h"

#define FALLBACK "fallback-marker"

static int setup(void **state)
{
	rb_langdetect *d;
	if (rb_langdetect_new(&d, NULL) != RB_OK)
		return -1;
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	rb_langdetect_free(*state);
	return 0;
}

static const char *guess(void **state, const char *text)
{
	return rb_langdetect_guess(*state, text, strlen(text), FALLBACK);
}

static void clear_sentences(void **state)
{
	static const struct { const char *lang, *text; } cases[] = {
		{"english", "The committee met on Tuesday morning to discuss the budget, "
			    "and most of the members agreed that the new library should open next spring."},
		{"spanish", "El comité se reunió el martes por la mañana para hablar del presupuesto, "
			    "y la mayoría de los miembros estuvo de acuerdo en abrir la nueva biblioteca en primavera."},
		{"german", "Der Ausschuss traf sich am Dienstagmorgen, um über den Haushalt zu sprechen, "
			   "und die meisten Mitglieder waren sich einig, dass die neue Bibliothek im Frühjahr öffnen soll."},
		{"french", "Le comité s'est réuni mardi matin pour discuter du budget, et la plupart "
			   "des membres ont convenu que la nouvelle bibliothèque devrait ouvrir au printemps prochain."},
		{"italian", "Il comitato si è riunito martedì mattina per discutere del bilancio, e la maggior "
			    "parte dei membri ha convenuto che la nuova biblioteca dovrebbe aprire la prossima primavera."},
		{"russian", "Комитет собрался во вторник утром, чтобы обсудить бюджет, и большинство членов "
			    "согласились, что новая библиотека должна открыться следующей весной."},
		{"dutch", "De commissie kwam dinsdagochtend bijeen om de begroting te bespreken, en de meeste "
			  "leden waren het erover eens dat de nieuwe bibliotheek volgend voorjaar open moet gaan."},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = guess(state, cases[i].text);
		if (strcmp(got, cases[i].lang) != 0)
			fail_msg("%s text detected as %s", cases[i].lang, got);
	}
}

static void short_text_falls_back(void **state)
{
	assert_string_equal(guess(state, "the red house"), FALLBACK);
	assert_string_equal(guess(state, "Der Ausschuss traf sich"), FALLBACK);
	/* Fallback is returned as given, NULL included. */
	assert_null(rb_langdetect_guess(*state, "the red house", 13, NULL));
}

static void empty_and_invalid_fall_back(void **state)
{
	assert_string_equal(rb_langdetect_guess(*state, NULL, 0, FALLBACK), FALLBACK);
	assert_string_equal(rb_langdetect_guess(*state, "", 0, FALLBACK), FALLBACK);
	assert_string_equal(guess(state, "   \n\t  "), FALLBACK);
	assert_string_equal(rb_langdetect_guess(NULL, "text", 4, FALLBACK), FALLBACK);

	/* Nothing but invalid bytes and control characters. */
	char junk[3000];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)(i % 7 == 0 ? ' ' : 0x80 + i % 0x7F);
	assert_string_equal(rb_langdetect_guess(*state, junk, sizeof junk, FALLBACK), FALLBACK);
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)(i % 5 == 0 ? ' ' : 1 + i % 31);
	assert_string_equal(rb_langdetect_guess(*state, junk, sizeof junk, FALLBACK), FALLBACK);

	/* Every byte value, sliding: never a crash, always a known answer. */
	unsigned char all[4096];
	for (size_t i = 0; i < sizeof all; i++)
		all[i] = (unsigned char)(i * 131 + 7);
	for (size_t off = 0; off < 64; off++) {
		const char *got = rb_langdetect_guess(*state, (const char *)all + off,
						      sizeof all - off, FALLBACK);
		assert_non_null(got);
	}
}

static void invalid_bytes_inside_text(void **state)
{
	/* Stray Latin-1 bytes and a NUL inside otherwise clear German. */
	static const char text[] =
		"Der Ausschuss traf sich am Dienstagmorgen, um \xfc" "ber den Haushalt zu sprechen, "
		"und die meisten Mitglieder\0 waren sich einig, dass die neue Bibliothek im "
		"Fr\xfchjahr \xc3 \xff\xfe \xed\xa0\x80 \xf4\x90\x80\x80 \xc0\xaf \xef\xbf\xbe"
		" \xc2\x85 " "\xc3\xb6" "ffnen soll.";
	assert_string_equal(rb_langdetect_guess(*state, text, sizeof text - 1, FALLBACK), "german");
}

static void long_text_cut_inside_a_character(void **state)
{
	/* Russian (2-byte characters) past the byte limit, at both parities. */
	static const char sentence[] = "Комитет собрался во вторник утром, чтобы обсудить "
				       "бюджет и новую библиотеку. ";
	size_t n = sizeof sentence - 1, cap = 4 * RB_LANGDETECT_MAX_BYTES;
	char *text = malloc(cap + 1);
	assert_non_null(text);
	for (size_t i = 0; i < cap; i++)
		text[i] = sentence[i % n];
	assert_string_equal(rb_langdetect_guess(*state, text, cap, FALLBACK), "russian");
	assert_string_equal(rb_langdetect_guess(*state, text + 1, cap - 1, FALLBACK), "russian");
	assert_string_equal(rb_langdetect_guess(*state, text, RB_LANGDETECT_MAX_BYTES + 1,
						FALLBACK), "russian");
	free(text);
}

static void languages_outside_libstemmer(void **state)
{
	static const char *texts[] = {
		/* Polish */
		"Komisja zebrała się we wtorek rano, aby omówić budżet, a większość "
		"członków zgodziła się, że nowa biblioteka powinna zostać otwarta na wiosnę.",
		/* Czech */
		"Výbor se sešel v úterý ráno, aby projednal rozpočet, a většina členů "
		"souhlasila, že nová knihovna by měla být otevřena příští jaro.",
		/* Japanese */
		"委員会は火曜日の朝に予算について話し合うために集まり、ほとんどのメンバーは新しい図書館が"
		"来年の春に開館すべきだということで合意しました。 委員会 は 火曜日 の 朝 に 予算 "
		"について 話し合い ました",
		/* Vietnamese */
		"Ủy ban đã họp vào sáng thứ Ba để thảo luận về ngân sách, và hầu hết các thành viên "
		"đều đồng ý rằng thư viện mới nên mở cửa vào mùa xuân tới.",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *got = guess(state, texts[i]);
		if (strcmp(got, FALLBACK) != 0)
			fail_msg("text %zu detected as %s", i, got);
	}
}

/* Whatever the detector answers is an algorithm libstemmer has. */
static void answers_are_stemmer_languages(void **state)
{
	static const char *texts[] = {
		"Kommittén träffades på tisdagsmorgonen för att diskutera budgeten, och de flesta "
		"ledamöterna var överens om att det nya biblioteket borde öppna nästa vår.",
		"Komite, bütçeyi görüşmek üzere salı sabahı toplandı ve üyelerin çoğu yeni "
		"kütüphanenin gelecek bahar açılması gerektiği konusunda anlaştı ve karar verdi.",
		"Η επιτροπή συνεδρίασε την Τρίτη το πρωί για να συζητήσει τον προϋπολογισμό, "
		"και τα περισσότερα μέλη συμφώνησαν ότι η νέα βιβλιοθήκη πρέπει να ανοίξει την άνοιξη.",
		"Odbor se sastao u utorak ujutro kako bi raspravio proračun, a većina članova "
		"složila se da nova knjižnica treba biti otvorena sljedećeg proljeća.",
	};
	const char **have = rb_analyzer_languages();
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *got = guess(state, texts[i]);
		if (strcmp(got, FALLBACK) == 0)
			fail_msg("text %zu not detected", i);
		size_t j = 0;
		while (have[j] && strcmp(have[j], got) != 0)
			j++;
		if (!have[j])
			fail_msg("text %zu: %s is not a libstemmer algorithm", i, got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clear_sentences),
		cmocka_unit_test(short_text_falls_back),
		cmocka_unit_test(empty_and_invalid_fall_back),
		cmocka_unit_test(invalid_bytes_inside_text),
		cmocka_unit_test(long_text_cut_inside_a_character),
		cmocka_unit_test(languages_outside_libstemmer),
		cmocka_unit_test(answers_are_stemmer_languages),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
