//! The route table. Pages whose data the server loads first (`/staff…`, `/marriage…` beyond
//! the first step, `/notices`) are rendered by their own handlers in `server/src/web/`, with the
//! data in context; the route here names the component.

use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::Layout;
use crate::pages::apply::{ApplyPage, ResumePage};
use crate::pages::commitments::CommitmentsPage;
use crate::pages::contact::{ContactPage, ContactSentPage};
use crate::pages::eligibility::EligibilityPage;
use crate::pages::home::HomePage;
use crate::pages::marriage::MarriagePage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::staff::{NoticesPage, StaffRoute};
use crate::pages::track::TrackPage;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/eligibility") view=EligibilityPage/>
                    <Route path=path!("/apply") view=ApplyPage/>
                    <Route path=path!("/apply/commitments") view=CommitmentsPage/>
                    <Route path=path!("/apply/resume") view=ResumePage/>
                    <Route path=path!("/marriage") view=MarriagePage/>
                    <Route path=path!("/marriage/manage") view=MarriagePage/>
                    <Route path=path!("/marriage/hold/:token") view=MarriagePage/>
                    <Route path=path!("/marriage/booking/:token") view=MarriagePage/>
                    <Route path=path!("/staff/marriage") view=StaffRoute/>
                    <Route path=path!("/staff/marriage/offices/:id") view=StaffRoute/>
                    <Route path=path!("/track") view=TrackPage/>
                    <Route path=path!("/staff") view=StaffRoute/>
                    <Route path=path!("/staff/code") view=StaffRoute/>
                    <Route path=path!("/staff/queue") view=StaffRoute/>
                    <Route path=path!("/staff/cases/:number") view=StaffRoute/>
                    <Route path=path!("/staff/password") view=StaffRoute/>
                    <Route path=path!("/staff/accounts") view=StaffRoute/>
                    <Route path=path!("/staff/audit") view=StaffRoute/>
                    <Route path=path!("/staff/notifications") view=StaffRoute/>
                    <Route path=path!("/staff/reports") view=StaffRoute/>
                    <Route path=path!("/notices") view=NoticesPage/>
                    <Route path=path!("/contact") view=ContactPage/>
                    <Route path=path!("/contact/sent") view=ContactSentPage/>
                </Routes>
            </Layout>
        </Router>
    }
}
