//! Page navigation for long lists: 上一页, page numbers with gaps, 下一页. Pages are links, so
//! each page has its own URL, reloads, and works with back and forward.

use leptos::prelude::*;

/// The page numbers to show around `current`; `None` marks a gap (…).
pub fn window(current: u32, total: u32) -> Vec<Option<u32>> {
    let total = total.max(1);
    let current = current.clamp(1, total);
    let mut pages: Vec<u32> = vec![1, total];
    for p in current.saturating_sub(2)..=current + 2 {
        if (1..=total).contains(&p) {
            pages.push(p);
        }
    }
    pages.sort_unstable();
    pages.dedup();
    let mut out = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        match i.checked_sub(1).map(|j| p - pages[j]) {
            // A gap of one page shows that page; a "…" would take the same room.
            Some(2) => out.push(Some(p - 1)),
            Some(gap) if gap > 2 => out.push(None),
            _ => {}
        }
        out.push(Some(*p));
    }
    out
}

/// `href_for(page)` gives the link of each page (already including the deploy base).
#[component]
pub fn Pagination(
    current: u32,
    total_pages: u32,
    href_for: impl Fn(u32) -> String + 'static,
) -> impl IntoView {
    (total_pages > 1).then(|| {
        let items = window(current, total_pages)
            .into_iter()
            .map(|slot| match slot {
                Some(p) if p == current => {
                    view! { <li><span class="page-link current" aria-current="page">{p}</span></li> }.into_any()
                }
                Some(p) => view! {
                    <li><a class="page-link" href=href_for(p) aria-label=format!("第{p}页")>{p}</a></li>
                }
                .into_any(),
                None => view! { <li><span class="page-gap" aria-hidden="true">"…"</span></li> }.into_any(),
            })
            .collect_view();
        let prev = (current > 1).then(|| href_for(current - 1));
        let next = (current < total_pages).then(|| href_for(current + 1));
        view! {
            <nav class="pagination" aria-label="分页">
                <ul>
                    <li>
                        {match prev {
                            Some(href) => view! { <a class="page-link" href=href rel="prev">"上一页"</a> }.into_any(),
                            None => view! { <span class="page-link disabled" aria-disabled="true">"上一页"</span> }.into_any(),
                        }}
                    </li>
                    {items}
                    <li>
                        {match next {
                            Some(href) => view! { <a class="page-link" href=href rel="next">"下一页"</a> }.into_any(),
                            None => view! { <span class="page-link disabled" aria-disabled="true">"下一页"</span> }.into_any(),
                        }}
                    </li>
                </ul>
                <p class="page-status">{format!("第 {current} / {total_pages} 页")}</p>
            </nav>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn shows_neighbours_ends_and_gaps() {
        assert_eq!(window(1, 1), vec![Some(1)]);
        assert_eq!(window(1, 3), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(window(1, 10), vec![Some(1), Some(2), Some(3), None, Some(10)]);
        assert_eq!(
            window(6, 10),
            vec![Some(1), None, Some(4), Some(5), Some(6), Some(7), Some(8), Some(9), Some(10)]
        );
        assert_eq!(
            window(10, 667),
            vec![Some(1), None, Some(8), Some(9), Some(10), Some(11), Some(12), None, Some(667)]
        );
        assert_eq!(window(99, 5), vec![Some(1), Some(2), Some(3), Some(4), Some(5)]);
    }
}
