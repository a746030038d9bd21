from core.rendering import render_markdown


def test_markdown_is_rendered():
    assert "<strong>bold</strong>" in render_markdown("**bold**")


def test_script_tags_are_removed():
    html = render_markdown("<script>alert(1)</script>hello")
    assert "<script" not in html
    assert "hello" in html


def test_javascript_links_are_removed():
    html = render_markdown("[click](javascript:alert(1))")
    assert "javascript:" not in html


def test_event_handlers_are_removed():
    assert "onerror" not in render_markdown('<img src="https://x.example/a.png" onerror="alert(1)">')


def test_images_only_over_https():
    assert "src=" not in render_markdown("![x](http://example.com/a.png)")
    assert 'src="https://example.com/a.png"' in render_markdown("![x](https://example.com/a.png)")


def test_links_get_safe_rel():
    assert 'rel="noopener noreferrer nofollow"' in render_markdown("[a](https://example.com)")
