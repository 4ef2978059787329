/* admin.js: keeps a copy of what an editor types in the browser's local
 * storage, under the signed-in account, and offers it back to that account
 * only; asks at sign-out whether to keep or discard it; marks preview
 * pages; copies a preview link at a button's press. The forms, the links
 * and sign-out work fully without it. No inline script: the CSP allows
 * only this file. */
(function () {
	'use strict';

	/* 400 ms: after a pause in typing, not on every key. */
	var SAVE_DELAY = 400;
	/* The draft key of the form last submitted in this tab, so that the
	 * page a save leads to can forget that draft. */
	var SUBMITTED = 'wp-submitted';
	/* Fields never kept: the token and version belong to the page. */
	var SKIP = { csrf_token: true, version: true, action: true };

	function storage(kind) {
		try {
			var s = window[kind];
			var probe = '__wp_probe__';
			s.setItem(probe, probe);
			s.removeItem(probe);
			return s;
		} catch (e) {
			return null;
		}
	}

	var local = storage('localStorage');
	var session = storage('sessionStorage');
	/* Every copy is stored under the signed-in account's id (the admin
	 * layout's data-account), so that another account signing in on this
	 * browser is never offered it. No account, no copies. */
	var account = document.body &&
	    document.body.getAttribute('data-account');
	var prefix = /^[0-9]+$/.test(account || '') ? 'wp-u' + account + ':' :
	    null;
	/* The forms watched on this page, and whether this account chose to
	 * discard its copies (nothing is written after that). */
	var watched = [];
	var discarded = false;

	function fields(form) {
		var out = [];
		var els = form.elements;
		for (var i = 0; i < els.length; i++) {
			var el = els[i];
			if (!el.name || SKIP[el.name] || el.disabled)
				continue;
			if (el.type === 'hidden' || el.type === 'submit' ||
			    el.type === 'button' || el.type === 'file')
				continue;
			out.push(el);
		}
		return out;
	}

	function values(form) {
		var v = {};
		fields(form).forEach(function (el) {
			v[el.name] = el.value;
		});
		return v;
	}

	function readDraft(key) {
		if (!local)
			return null;
		try {
			var d = JSON.parse(local.getItem(key));
			if (d && typeof d === 'object' && d.fields &&
			    typeof d.fields === 'object')
				return d;
		} catch (e) {
			/* A damaged copy is no copy. */
		}
		return null;
	}

	function writeDraft(key, form) {
		if (!local || discarded)
			return;
		try {
			local.setItem(key, JSON.stringify({
				at: Date.now(),
				fields: values(form)
			}));
		} catch (e) {
			/* Full or refused: the form itself still holds the
			 * text. */
		}
	}

	function forget(key) {
		if (!local || !prefix || !key || key.indexOf(prefix) !== 0)
			return;
		try {
			local.removeItem(key);
		} catch (e) {
			/* Nothing more to do. */
		}
	}

	/* Whether the draft holds text the form does not show. */
	function differs(draft, form) {
		var now = values(form);
		for (var name in draft.fields) {
			if (!Object.prototype.hasOwnProperty.call(draft.fields,
			    name) || !Object.prototype.hasOwnProperty.call(now,
			    name))
				continue;
			if (String(draft.fields[name]) !== now[name])
				return true;
		}
		return false;
	}

	function restore(draft, form) {
		fields(form).forEach(function (el) {
			if (Object.prototype.hasOwnProperty.call(draft.fields,
			    el.name))
				el.value = String(draft.fields[el.name]);
		});
	}

	function button(text, cls, onclick) {
		var b = document.createElement('button');
		b.type = 'button';
		b.className = cls;
		b.textContent = text;
		b.addEventListener('click', onclick);
		return b;
	}

	/* The offer of a kept copy, built from DOM nodes: the stored text is
	 * never parsed as HTML. discard() drops the copy. */
	function offer(draft, form, discard) {
		var box = document.createElement('div');
		box.className = 'draft-notice';
		box.setAttribute('role', 'region');
		box.setAttribute('aria-label', 'Unsaved text');
		var p = document.createElement('p');
		var when = new Date(Number(draft.at) || 0);
		p.textContent = 'This browser kept text you typed in this ' +
		    'form that was not saved' + (draft.at ? ' (' +
		    when.toLocaleString() + ')' : '') + '. It differs from ' +
		    'what the form shows now.';
		box.appendChild(p);
		var actions = document.createElement('p');
		actions.className = 'form-actions';
		actions.appendChild(button('Restore my unsaved text',
		    'button button-primary', function () {
			restore(draft, form);
			box.parentNode.removeChild(box);
			var first = fields(form)[0];
			if (first)
				first.focus();
		}));
		actions.appendChild(button('Discard', 'button button-secondary',
		    function () {
			discard();
			box.parentNode.removeChild(box);
		}));
		box.appendChild(actions);
		form.parentNode.insertBefore(box, form);
	}

	function watch(form) {
		var key = form.getAttribute('data-draft-key');
		var timer = null;
		var shown;

		if (!prefix || !key || key.indexOf('wp-draft:') !== 0)
			return;
		key = prefix + key;
		shown = JSON.stringify(values(form));
		if (form.getAttribute('data-saved') === '1') {
			/* The server has the text now. */
			if (session) {
				forget(session.getItem(SUBMITTED));
				session.removeItem(SUBMITTED);
			}
			forget(key);
		} else {
			var draft = readDraft(key);
			/* Discarding the old copy keeps one of what was typed
			 * since: they share the key. */
			if (draft && differs(draft, form))
				offer(draft, form, function () {
					if (changed())
						flush();
					else
						forget(key);
				});
		}
		/* Whether the form holds text it was not opened with. */
		function changed() {
			return JSON.stringify(values(form)) !== shown;
		}
		/* Keeps what the form holds now, the pending write cancelled. */
		function flush() {
			if (timer !== null)
				clearTimeout(timer);
			timer = null;
			writeDraft(key, form);
		}
		function later() {
			if (timer !== null)
				clearTimeout(timer);
			timer = setTimeout(flush, SAVE_DELAY);
		}
		form.addEventListener('input', later);
		form.addEventListener('change', later);
		form.addEventListener('submit', function (ev) {
			var by = ev.submitter;
			flush();
			/* A preview opens in another tab and saves nothing. */
			if (session && !(by && by.value === 'preview'))
				session.setItem(SUBMITTED, key);
		});
		window.addEventListener('pagehide', function () {
			if (timer !== null)
				flush();
		});
		watched.push({ changed: changed, flush: flush });
	}

	/* This account's kept copies. */
	function storedKeys() {
		var out = [];
		if (!local || !prefix)
			return out;
		try {
			for (var i = 0; i < local.length; i++) {
				var k = local.key(i);
				if (k && k.indexOf(prefix + 'wp-draft:') === 0)
					out.push(k);
			}
		} catch (e) {
			/* Unreadable storage holds nothing to ask about. */
		}
		return out;
	}

	/* Sign-out with unsaved text asks first: keep it for this account
	 * (the default, also when the question cannot be asked) or discard
	 * it. Only a choice to discard clears it. */
	function guardSignOut() {
		var form = document.querySelector('form.admin-signout');
		var dialog = document.getElementById('signout-prompt');

		if (!form || !dialog || !prefix ||
		    typeof dialog.showModal !== 'function')
			return;
		form.addEventListener('submit', function (ev) {
			/* A changed form asks even when no copy could be
			 * stored. */
			var changed = watched.some(function (w) {
				return w.changed();
			});
			if (!changed && storedKeys().length === 0)
				return;
			ev.preventDefault();
			dialog.returnValue = '';
			dialog.showModal();
		});
		/* Discarding also stops writes still held back by the delay:
		 * writeDraft() refuses them once discarded is set. */
		dialog.addEventListener('close', function () {
			var choice = dialog.returnValue;
			if (choice === 'keep') {
				watched.forEach(function (w) {
					if (w.changed())
						w.flush();
				});
			} else if (choice === 'discard') {
				discarded = true;
				storedKeys().forEach(forget);
				if (session)
					session.removeItem(SUBMITTED);
			} else
				return;
			form.submit();
		});
	}

	/* A preview is the public page itself: a banner says it is one. */
	function markPreview() {
		var meta = document.querySelector('meta[name="wp-preview"]');
		if (!meta || !document.body)
			return;
		var bar = document.createElement('div');
		bar.className = 'preview-banner';
		bar.setAttribute('role', 'status');
		bar.textContent = meta.getAttribute('content') || 'Preview';
		/* The public stylesheet has no rule for it, and the CSP allows
		 * styles set through the DOM, never a style attribute. */
		bar.style.background = '#ffdd00';
		bar.style.color = '#0b0c0c';
		bar.style.padding = '0.75rem 1rem';
		bar.style.fontWeight = 'bold';
		bar.style.textAlign = 'center';
		document.body.insertBefore(bar, document.body.firstChild);
	}

	/* A copy button beside a read-only field (a preview link): hidden
	 * until this script runs, since without it the field alone is the
	 * way to copy. Says data-done once the text is on the clipboard. */
	function copyButtons() {
		var buttons = document.querySelectorAll('button[data-copy]');
		Array.prototype.forEach.call(buttons, function (b) {
			var field = document.getElementById(
			    b.getAttribute('data-copy'));
			if (!field)
				return;
			b.hidden = false;
			b.addEventListener('click', function () {
				field.select();
				var done = function () {
					b.textContent = b.getAttribute('data-done') ||
					    b.textContent;
				};
				if (navigator.clipboard &&
				    navigator.clipboard.writeText)
					navigator.clipboard.writeText(field.value)
					    .then(done, function () {});
				else if (document.execCommand('copy'))
					done();
			});
		});
	}

	function start() {
		var forms = document.querySelectorAll('form[data-draft-key]');
		for (var i = 0; i < forms.length; i++)
			watch(forms[i]);
		guardSignOut();
		markPreview();
		copyButtons();
	}

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', start);
	else
		start();
}());
