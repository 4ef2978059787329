/* user.c: `waypoint user add | passwd | disable | enable | totp-reset |
 * list`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "auth.h"
#include "auth_internal.h"
#include "cli/cli.h"
#include "config.h"
#include "lib/arena.h"
#include "store/totp.h"
#include "store/user.h"

/* Who the audit log names for a change made here. */
#define CLI_WHO	"(command line)"

/* AUTH_PASSWORD_MAX, the line break (CR LF at most) and the NUL. */
#define LINE_SIZE	(AUTH_PASSWORD_MAX + 3)

/* Reads one line of stdin into line, without its line break; echo off
 * and a prompt on stderr when stdin is a terminal. -1 with a message when
 * there is no line or it is too long. */
static int
read_line(const char *prompt, char line[LINE_SIZE])
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) == 1;
	bool restore = false;
	size_t len;
	char *ok;

	if (tty) {
		fputs(prompt, stderr);
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			restore = tcsetattr(STDIN_FILENO, TCSAFLUSH,
			    &quiet) == 0;
		}
	}
	ok = fgets(line, LINE_SIZE, stdin);
	if (restore) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (ok == NULL) {
		fputs("waypoint user: no password on stdin (give it as one "
		    "line)\n", stderr);
		return -1;
	}
	len = strlen(line);
	if (len > 0 && line[len - 1] == '\n')
		line[--len] = '\0';
	else if (!feof(stdin)) {
		fputs("waypoint user: the password is longer than 1,024 "
		    "bytes\n", stderr);
		return -1;
	}
	if (len > 0 && line[len - 1] == '\r')
		line[--len] = '\0';
	if (len > AUTH_PASSWORD_MAX) {
		fputs("waypoint user: the password is longer than 1,024 "
		    "bytes\n", stderr);
		return -1;
	}
	return 0;
}

/* Reads the new password (twice on a terminal) and hashes it. A heap
 * string the caller frees, or NULL after a message. */
static char *
new_password(const char *name)
{
	char first[LINE_SIZE], again[LINE_SIZE], prompt[128];
	const char *problem;
	char *hash = NULL;

	snprintf(prompt, sizeof(prompt), "New password for %s: ", name);
	if (read_line(prompt, first) == -1)
		goto out;
	if ((problem = auth_password_problem(first)) != NULL) {
		fprintf(stderr, "waypoint user: %s\n", problem);
		goto out;
	}
	if (isatty(STDIN_FILENO) == 1) {
		if (read_line("Again: ", again) == -1)
			goto out;
		if (strcmp(first, again) != 0) {
			fputs("waypoint user: the passwords differ\n", stderr);
			goto out;
		}
	}
	if ((hash = auth_hash_password(first)) == NULL)
		fputs("waypoint user: cannot hash the password (out of "
		    "memory?)\n", stderr);
out:
	sodium_memzero(first, sizeof(first));
	sodium_memzero(again, sizeof(again));
	return hash;
}

static void
audit(struct store *s, const char *detail)
{
	if (store_audit_add(s, time(NULL), 0, CLI_WHO, "account", detail,
	    "") != STORE_OK)
		fputs("waypoint user: the audit log was not written\n", stderr);
}

/* Finds account name; prints why not and returns -1 when it is not
 * there or the database fails. */
static int
find(struct store *s, struct arena *a, const char *name, struct user *u)
{
	enum store_status st = store_user_by_name(s, a, name, u);

	if (st == STORE_NOTFOUND)
		fprintf(stderr, "waypoint user: there is no account \"%s\"\n",
		    name);
	else if (st != STORE_OK)
		fprintf(stderr, "waypoint user: %s\n", store_strerror(st));
	return st == STORE_OK ? 0 : -1;
}

/* The NAME and --role of `user add` from its arguments; 0, or 2 (said,
 * with the usage) for one that is neither or one missing. */
static int
add_args(int argc, char **argv, const char **name, const char **role)
{
	int i;

	*name = *role = NULL;
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
			*role = argv[++i];
		else if (strncmp(argv[i], "--role=", 7) == 0)
			*role = argv[i] + 7;
		else if (*name == NULL && argv[i][0] != '-')
			*name = argv[i];
		else
			return cli_refuse("user", strcmp(argv[i], "--role") ==
			    0 ? NULL : argv[i]);
	}
	return *name == NULL || *role == NULL ? cli_refuse("user", NULL) : 0;
}

static int
user_add(struct store *s, const char *name, const char *role)
{
	enum store_status st;
	char *hash, detail[128];
	int64_t id;
	bool duplicate;

	if (!auth_username_valid(name)) {
		fprintf(stderr, "waypoint user: \"%s\" is not a valid name: "
		    "use 1 to 64 letters, digits, dots, hyphens or "
		    "underscores\n", name);
		return 1;
	}
	if (!auth_role_valid(role)) {
		fprintf(stderr, "waypoint user: the role must be editor or "
		    "admin, not \"%s\"\n", role);
		return 1;
	}
	if ((hash = new_password(name)) == NULL)
		return 1;
	st = store_user_add(s, name, role, hash, time(NULL), &id, &duplicate);
	free(hash);
	if (st != STORE_OK) {
		fprintf(stderr, "waypoint user: %s\n", store_strerror(st));
		return 1;
	}
	if (duplicate) {
		fprintf(stderr, "waypoint user: there is already an account "
		    "\"%s\"\n", name);
		return 1;
	}
	snprintf(detail, sizeof(detail), "%s: created (%s)", name, role);
	audit(s, detail);
	printf("added %s (%s)\n", name, role);
	return 0;
}

/* totp-reset: the second factor of account name turned off (a lost
 * phone): key, recovery codes and every session of the account gone. */
static int
user_totp_reset(struct store *s, const char *name)
{
	struct arena *a;
	struct user u;
	enum store_status st;
	char detail[128];
	int ret = 1;

	if ((a = arena_new()) == NULL)
		return 1;
	if (find(s, a, name, &u) == 0) {
		if ((st = store_totp_clear(s, u.id, true, time(NULL))) !=
		    STORE_OK)
			fprintf(stderr, "waypoint user: %s\n",
			    store_strerror(st));
		else {
			snprintf(detail, sizeof(detail), "%s: two-step "
			    "sign-in reset, sessions ended", u.name);
			audit(s, detail);
			printf("%s\n", detail);
			ret = 0;
		}
	}
	arena_free(a);
	return ret;
}

/* passwd, disable and enable: one account, changed. */
static int
user_change(struct store *s, const char *what, const char *name)
{
	struct arena *a;
	struct user u;
	enum store_status st;
	char *hash = NULL, detail[128];
	bool disabled;
	int ret = 1;

	if ((a = arena_new()) == NULL)
		return 1;
	if (find(s, a, name, &u) == -1)
		goto out;
	disabled = u.disabled;
	if (strcmp(what, "passwd") == 0) {
		if ((hash = new_password(u.name)) == NULL)
			goto out;
	} else
		disabled = strcmp(what, "disable") == 0;
	/* A new password or a disabled account ends every session. */
	st = store_user_update(s, u.id, u.role, disabled, hash, time(NULL),
	    hash != NULL || disabled);
	free(hash);
	if (st != STORE_OK) {
		fprintf(stderr, "waypoint user: %s\n", store_strerror(st));
		goto out;
	}
	snprintf(detail, sizeof(detail), "%s: %s", u.name,
	    strcmp(what, "passwd") == 0 ? "password reset" :
	    disabled ? "disabled" : "enabled");
	if (strcmp(what, "passwd") == 0 || disabled != u.disabled)
		audit(s, detail);
	printf("%s\n", detail);
	ret = 0;
out:
	arena_free(a);
	return ret;
}

static int
user_list(struct store *s)
{
	struct arena *a;
	struct user *users;
	enum store_status st;
	struct tm tm;
	char date[16];
	size_t n, i, width = 4;

	if ((a = arena_new()) == NULL)
		return 1;
	if ((st = store_user_list(s, a, &users, &n)) != STORE_OK) {
		fprintf(stderr, "waypoint user: %s\n", store_strerror(st));
		arena_free(a);
		return 1;
	}
	for (i = 0; i < n; i++)
		if (strlen(users[i].name) > width)
			width = strlen(users[i].name);
	for (i = 0; i < n; i++) {
		if (localtime_r(&users[i].created_at, &tm) == NULL ||
		    strftime(date, sizeof(date), "%Y-%m-%d", &tm) == 0)
			strcpy(date, "?");
		printf("%-*s  %-6s  %-8s  %s\n", (int)width, users[i].name,
		    users[i].role, users[i].disabled ? "disabled" : "enabled",
		    date);
	}
	arena_free(a);
	return 0;
}

/* `waypoint user ...`: argv holds what follows "user". 0 on success, 1
 * when the change cannot be made (a message on stderr), 2 on bad usage. */
int
cli_user(const struct config *cfg, int argc, char **argv)
{
	const char *name = NULL, *role = NULL;
	enum store_status st;
	struct store *s;
	int ret, want;

	if (argc < 1)
		return cli_refuse("user", NULL);
	if (strcmp(argv[0], "add") == 0) {
		if ((ret = add_args(argc - 1, argv + 1, &name, &role)) != 0)
			return ret;
	} else if (strcmp(argv[0], "passwd") != 0 &&
	    strcmp(argv[0], "disable") != 0 && strcmp(argv[0], "enable") != 0 &&
	    strcmp(argv[0], "totp-reset") != 0 &&
	    strcmp(argv[0], "list") != 0) {
		fprintf(stderr, "waypoint user: unknown command \"%s\"\n",
		    argv[0]);
		cli_usage(stderr, "user");
		return 2;
	} else if (argc != (want = strcmp(argv[0], "list") == 0 ? 1 : 2))
		return cli_refuse("user", argc > want ? argv[want] : NULL);
	if (auth_init() == -1) {
		fputs("waypoint user: cannot initialise libsodium\n", stderr);
		return 1;
	}
	s = store_open(cfg->database, STORE_WRITE, &st);
	if (s == NULL || st != STORE_OK) {
		fprintf(stderr, "%s: %s\n", cfg->database, store_strerror(st));
		store_close(s);
		return 1;
	}
	if (strcmp(argv[0], "add") == 0)
		ret = user_add(s, name, role);
	else if (strcmp(argv[0], "list") == 0)
		ret = user_list(s);
	else if (strcmp(argv[0], "totp-reset") == 0)
		ret = user_totp_reset(s, argv[1]);
	else
		ret = user_change(s, argv[0], argv[1]);
	store_close(s);
	return ret;
}
