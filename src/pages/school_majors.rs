//! `/schools/:id/majors`: 开设专业, grouped by 门类 (专业大类) and 专业类, with each major's
//! distinctions as small badges.

use crate::api::Api;
use crate::components::admission::{SchoolTop, Section};
use crate::components::load::Loaded;
use crate::components::skeleton::PageSkeleton;
use crate::components::title::Title;
use crate::pages::id_param;
use leptos::prelude::*;
use leptos_meta::Meta;
use portal_model::admissions::SchoolMajors;

#[component]
pub fn SchoolMajorsPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let id = id_param();
    let majors = LocalResource::new(move || {
        let api = api.clone();
        let id = id();
        async move { api.school_majors(id?).await }
    });
    view! { <Loaded resource=majors skeleton=|| view! { <PageSkeleton heading=true /> } view=majors_view /> }
}

fn majors_view(data: SchoolMajors) -> impl IntoView {
    let SchoolMajors { school, categories } = data;
    let name = school.name.clone();
    let count: usize = categories.iter().flat_map(|c| &c.classes).map(|c| c.majors.len()).sum();
    // A category filter: the page can be long; "" shows them all.
    let shown = RwSignal::new(String::new());
    let options: Vec<String> = categories.iter().map(|c| c.name.clone()).collect();
    view! {
        <Title text=format!("{name}开设专业") />
        <Meta name="description" content=format!("{name}开设的{count}个专业，按门类和专业类列出，并标注一流专业、特色专业等。") />
        <SchoolTop school=school.clone() current=Section::Majors />
        <section class="panel" aria-labelledby="majors-heading">
            <div class="section-head">
                <h1 id="majors-heading">{format!("{name}开设专业")}</h1>
                <span class="muted">{format!("共{count}个")}</span>
            </div>
            {if categories.is_empty() {
                view! { <p class="empty">"暂无数据"</p> }.into_any()
            } else {
                view! {
                    <div class="filters admission-filters">
                        <div class="filter">
                            <label for="majors-category">"门类"</label>
                            <select id="majors-category" on:change:target=move |ev| shown.set(ev.target().value())>
                                <option value="">"全部门类"</option>
                                {options.into_iter().map(|o| view! { <option value=o.clone()>{o.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                    </div>
                    {categories
                        .into_iter()
                        .map(|category| {
                            let cat_name = category.name.clone();
                            view! {
                                <section class="major-category" hidden=move || { let s = shown.get(); !s.is_empty() && s != cat_name }>
                                    <h2>{category.name.clone()}</h2>
                                    {category
                                        .classes
                                        .into_iter()
                                        .map(|class| view! {
                                            <h3 class="major-class">{class.name.clone()}</h3>
                                            <ul class="major-list">
                                                {class
                                                    .majors
                                                    .into_iter()
                                                    .map(|m| view! {
                                                        <li class="major-item">
                                                            <span class="major-name">{m.name.clone()}</span>
                                                            <span class="cell-note">
                                                                {[m.duration.map(|d| format!("{d}年")), m.degree.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ")}
                                                            </span>
                                                            {m.distinctions
                                                                .iter()
                                                                .map(|d| view! { <span class="badge badge-distinction">{d.label()}</span> })
                                                                .collect_view()}
                                                        </li>
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        })
                                        .collect_view()}
                                </section>
                            }
                        })
                        .collect_view()}
                }
                .into_any()
            }}
        </section>
    }
}
