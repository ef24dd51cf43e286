"""Post.scalar_text: a top-level scalar as the file writes it."""

from editor.core.post.model import Post


def test_yaml_scalars_as_written():
    post = Post(
        "---\ndate: 2020-09-30-07-25-20\nwhen: 2015-02-15 9:18:00\nok: yes\n"
        "n: 0x1F\ntitle: 'quoted'\nempty:\ntags: [a]\nseo: {x: 1}\n---\n"
    )
    assert post.scalar_text("date") == "2020-09-30-07-25-20"
    assert post.scalar_text("when") == "2015-02-15 9:18:00"
    assert post.scalar_text("ok") == "yes"
    assert post.scalar_text("n") == "0x1F"
    assert post.scalar_text("title") == "quoted"
    assert post.scalar_text("empty") == ""
    assert post.scalar_text("tags") is None and post.scalar_text("seo") is None
    assert post.scalar_text("absent") is None


def test_formats_that_keep_no_text_of_a_scalar():
    assert Post('+++\nn = 3\ns = "x"\n+++\n').scalar_text("n") is None
    assert Post('+++\nn = 3\ns = "x"\n+++\n').scalar_text("s") == "x"
    assert Post("no front matter\n").scalar_text("x") is None
