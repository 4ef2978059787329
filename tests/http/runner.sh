# runner.sh: what the HTTP run scripts share, sourced by run_serve.sh and
# run_nginx.sh. They set PASSED, FAILED, STATUS, TMP and WAYPOINT first.

# One line of our own in the suites' format, counted in the totals.
result() {	# ok|FAIL name [detail]
	if [ "$1" = ok ]; then
		echo "ok - $2${3:+ $3}"
		PASSED=$((PASSED + 1))
	else
		echo "FAIL - $2: $3"
		FAILED=$((FAILED + 1))
		STATUS=1
	fi
}

# Runs one test script, showing its output as it goes, and adds its last
# line ("N passed, N failed") to the totals.
run_script() {	# name command...
	local name=$1 out=$TMP/$1.out line rc
	shift
	echo "# $name"
	"$@" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	line=$(tail -n 1 "$out")
	if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		PASSED=$((PASSED + BASH_REMATCH[1]))
		FAILED=$((FAILED + BASH_REMATCH[2]))
		if [ "$rc" -ne 0 ]; then
			STATUS=1
			if [ "${BASH_REMATCH[2]}" -eq 0 ]; then
				result FAIL "$name" "exit status $rc"
			fi
		fi
	else
		result FAIL "$name" "exit status $rc, no summary line"
	fi
}

# Creates account $1 with role $2 and password $3 (on stdin) in the
# database of config $4.
add_user() {	# name role password conf
	if printf '%s\n' "$3" | "$WAYPOINT" --config "$4" user add "$1" \
	    --role "$2" >"$TMP/user.out" 2>&1; then
		result ok "user add $1 --role $2"
	else
		result FAIL "user add $1 --role $2" "$(head -n 3 "$TMP/user.out")"
	fi
}

# A loopback port nothing listens on now.
free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}
