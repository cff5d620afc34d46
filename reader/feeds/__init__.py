"""News feeds (RSS, Atom, JSON Feed) whose new entries are written into the folder as article files.

`subscriptions` reads the folder's `feeds.yaml`, `editing` adds and removes entries in
it, `opml` trades it with other readers. `parse` turns a feed's bytes into `entries`
(`xmlfeed` with feedparser, `jsonfeed` with json); `articles` makes an entry a
Markdown file (`fulltext` fetching its page when asked), `writing` writes each new
entry once, `memory` remembers what was written and how each feed last fared (in the
user data directory), and `fetching` does a whole fetch; `checking` looks at a feed
before it is added, `status` says how the feeds stand. feedparser, httpx, lxml and
trafilatura are imported by the functions that need them.
"""
