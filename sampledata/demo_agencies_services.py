"""The demo's departments that serve people and the land: health, education, natural resources and
environment, labour and social affairs, transport, agriculture."""

from typing import Final

from sampledata.demo_agency import OFFICE, Agency

SERVICE_AGENCIES: Final = (
    Agency(
        "SYT",
        "Sở Y tế",
        {
            "Khám bệnh, chữa bệnh": (
                "giấy phép hoạt động đối với phòng khám đa khoa",
                "giấy phép hoạt động đối với phòng khám chuyên khoa",
                "chứng chỉ hành nghề khám bệnh, chữa bệnh",
                "giấy phép hoạt động đối với cơ sở dịch vụ y tế",
            ),
            "Dược phẩm": (
                "chứng chỉ hành nghề dược",
                "giấy chứng nhận đủ điều kiện kinh doanh dược",
                "Đánh giá đáp ứng thực hành tốt cơ sở bán lẻ thuốc",
                "Cho phép hủy thuốc gây nghiện, thuốc hướng tâm thần",
            ),
            "An toàn thực phẩm và dinh dưỡng": (
                "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
                "Đăng ký bản công bố sản phẩm dinh dưỡng y học",
                "Xác nhận nội dung quảng cáo thực phẩm",
            ),
            "Giám định y khoa": (
                "Khám giám định thương tật lần đầu do tai nạn lao động",
                "Khám giám định bệnh nghề nghiệp",
            ),
            "Trang thiết bị và công trình y tế": (
                "Công bố đủ điều kiện mua bán trang thiết bị y tế loại B, C, D",
            ),
        },
        divisions=(*OFFICE, ("NVY", "Phòng Nghiệp vụ Y"), ("NVD", "Phòng Nghiệp vụ Dược")),
        units=(("CCATTP", "Chi cục An toàn vệ sinh thực phẩm"),),
        daily=0.15,
    ),
    Agency(
        "SGDDT",
        "Sở Giáo dục và Đào tạo",
        {
            "Văn bằng, chứng chỉ": (
                "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
                "Chỉnh sửa nội dung văn bằng, chứng chỉ",
                "Công nhận văn bằng tốt nghiệp các cấp học phổ thông do cơ sở nước ngoài cấp",
            ),
            "Giáo dục trung học": (
                "Thành lập trường trung học phổ thông công lập",
                "Cho phép trường trung học phổ thông hoạt động giáo dục",
                "Sáp nhập, chia, tách trường trung học phổ thông",
                "Chuyển trường đối với học sinh trung học phổ thông",
                "Xin học lại tại trường khác đối với học sinh trung học",
            ),
            "Giáo dục và đào tạo thuộc hệ thống giáo dục quốc dân": (
                "Thành lập trung tâm ngoại ngữ, tin học",
                "Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo dục",
                "Cấp phép dạy thêm, học thêm ngoài nhà trường",
            ),
            "Thi, tuyển sinh": (
                "Đăng ký dự thi tốt nghiệp trung học phổ thông",
                "Phúc khảo bài thi tốt nghiệp trung học phổ thông",
                "Xét đặc cách tốt nghiệp trung học phổ thông",
            ),
        },
        divisions=(
            *OFFICE,
            ("GDTH", "Phòng Giáo dục trung học"),
            ("KTQLCL", "Phòng Khảo thí và Quản lý chất lượng"),
        ),
        daily=0.08,
    ),
    Agency(
        "STNMT",
        "Sở Tài nguyên và Môi trường",
        {
            "Đất đai": (
                "Giao đất, cho thuê đất không thông qua đấu giá quyền sử dụng đất",
                "Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền",
                "Thu hồi đất",
                "Gia hạn sử dụng đất",
                "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
                "Cấp đổi Giấy chứng nhận quyền sử dụng đất",
                "Cấp lại Giấy chứng nhận quyền sử dụng đất do bị mất",
                "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
                "Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
                "Xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
                "Cung cấp dữ liệu đất đai",
            ),
            "Môi trường": (
                "Thẩm định báo cáo đánh giá tác động môi trường",
                "giấy phép môi trường",
                "Đăng ký chủ nguồn thải chất thải nguy hại",
                "Xác nhận hoàn thành công trình bảo vệ môi trường",
            ),
            "Tài nguyên nước": (
                "giấy phép khai thác, sử dụng nước mặt",
                "giấy phép khai thác, sử dụng nước dưới đất",
                "giấy phép xả nước thải vào nguồn nước",
            ),
            "Địa chất và khoáng sản": (
                "giấy phép thăm dò khoáng sản",
                "giấy phép khai thác khoáng sản",
                "Đóng cửa mỏ khoáng sản",
            ),
            "Khí tượng, thủy văn": ("giấy phép hoạt động dự báo, cảnh báo khí tượng thủy văn",),
            "Đo đạc, bản đồ và thông tin địa lý": ("Cung cấp thông tin, dữ liệu, sản phẩm đo đạc và bản đồ",),
        },
        divisions=(
            *OFFICE,
            ("QLDD", "Phòng Quản lý đất đai"),
            ("TNN", "Phòng Tài nguyên nước và Khoáng sản"),
        ),
        units=(("VPDKDD", "Văn phòng Đăng ký đất đai"), ("CCBVMT", "Chi cục Bảo vệ môi trường")),
        daily=0.3,
        late=0.2,
        dissatisfied=0.08,
    ),
    Agency(
        "SLDTBXH",
        "Sở Lao động – Thương binh và Xã hội",
        {
            "Việc làm": (
                "Giải quyết hưởng trợ cấp thất nghiệp",
                "Tạm dừng hưởng trợ cấp thất nghiệp",
                "Chuyển nơi hưởng trợ cấp thất nghiệp",
                "Hỗ trợ học nghề cho người lao động đang hưởng trợ cấp thất nghiệp",
                "giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
                "Xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động",
            ),
            "Người có công": (
                "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ",
                "Giải quyết chế độ ưu đãi đối với Bà mẹ Việt Nam anh hùng",
                "Di chuyển hồ sơ người có công với cách mạng",
                "Cấp trích lục hoặc sao hồ sơ người có công với cách mạng",
                "Giám định lại thương tật đối với thương binh",
            ),
            "Giáo dục nghề nghiệp": (
                "giấy chứng nhận đăng ký hoạt động giáo dục nghề nghiệp",
                "Thành lập trung tâm giáo dục nghề nghiệp tư thục",
                "Cho phép thành lập trường trung cấp tư thục",
            ),
            "Bảo trợ xã hội": (
                "Thành lập cơ sở trợ giúp xã hội công lập",
                "giấy phép hoạt động đối với cơ sở trợ giúp xã hội",
            ),
            "Lao động, tiền lương": (
                "Đăng ký nội quy lao động của doanh nghiệp",
                "Gửi thỏa ước lao động tập thể cấp doanh nghiệp",
            ),
        },
        divisions=(*OFFICE, ("NCC", "Phòng Người có công"), ("LDVL", "Phòng Lao động – Việc làm")),
        units=(("TTDVVL", "Trung tâm Dịch vụ việc làm"),),
        daily=0.2,
    ),
    Agency(
        "SGTVT",
        "Sở Giao thông vận tải",
        {
            "Đường bộ": (
                "Cấp mới giấy phép lái xe",
                "Cấp lại giấy phép lái xe",
                "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
                "Đổi giấy phép lái xe quân sự do Bộ Quốc phòng cấp",
                "Đổi giấy phép lái xe hoặc bằng lái xe của nước ngoài cấp",
                "giấy phép kinh doanh vận tải bằng xe ô tô",
                "Cấp phù hiệu xe ô tô kinh doanh vận tải",
                "Cấp giấy phép lưu hành xe quá tải trọng, xe quá khổ giới hạn",
                "Cấp giấy phép xe tập lái",
                "Cấp giấy phép thi công công trình đường bộ trên quốc lộ đang khai thác",
                "Đăng ký khai thác tuyến vận tải hành khách cố định bằng xe ô tô",
            ),
            "Đường thủy nội địa": (
                "Đăng ký phương tiện thủy nội địa lần đầu",
                "Đăng ký lại phương tiện thủy nội địa",
                "Xóa giấy chứng nhận đăng ký phương tiện thủy nội địa",
                "Công bố hoạt động bến thủy nội địa",
            ),
            "Đăng kiểm": (
                "Cấp giấy chứng nhận thẩm định thiết kế xe cơ giới cải tạo",
                "Cấp giấy chứng nhận chất lượng an toàn kỹ thuật và bảo vệ môi trường xe cơ giới cải tạo",
            ),
        },
        divisions=(
            *OFFICE,
            ("QLVT", "Phòng Quản lý vận tải, phương tiện và người lái"),
            ("QLHT", "Phòng Quản lý kết cấu hạ tầng giao thông"),
        ),
        daily=0.3,
        dissatisfied=0.25,
    ),
    Agency(
        "SNNPTNT",
        "Sở Nông nghiệp và Phát triển nông thôn",
        {
            "Thú y": (
                "giấy chứng nhận đủ điều kiện vệ sinh thú y",
                "Cấp chứng chỉ hành nghề thú y",
                "Cấp giấy chứng nhận kiểm dịch động vật, sản phẩm động vật vận chuyển ra khỏi địa bàn cấp tỉnh",
                "Cấp giấy chứng nhận cơ sở an toàn dịch bệnh động vật",
            ),
            "Lâm nghiệp": (
                "Phê duyệt phương án khai thác thực vật rừng thông thường",
                "Đăng ký mã số cơ sở nuôi, trồng các loài động vật, thực vật hoang dã",
                "Miễn, giảm tiền dịch vụ môi trường rừng",
            ),
            "Trồng trọt": (
                "Cấp giấy chứng nhận đủ điều kiện buôn bán phân bón",
                "Cấp giấy chứng nhận đủ điều kiện sản xuất phân bón",
                "Công nhận cây đầu dòng, vườn cây đầu dòng",
            ),
            "Bảo vệ thực vật": (
                "giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật",
                "Cấp giấy xác nhận nội dung quảng cáo thuốc bảo vệ thực vật",
            ),
            "Thủy sản": (
                "giấy phép khai thác thủy sản",
                "Cấp văn bản chấp thuận đóng mới, cải hoán, thuê, mua tàu cá",
                "Đăng ký tàu cá",
            ),
            "Phát triển nông thôn": (
                "Công nhận làng nghề truyền thống",
                "Hỗ trợ dự án liên kết sản xuất, tiêu thụ sản phẩm nông nghiệp",
            ),
        },
        divisions=(*OFFICE, ("KHTC", "Phòng Kế hoạch – Tài chính")),
        units=(("CCKL", "Chi cục Kiểm lâm"), ("CCCNTY", "Chi cục Chăn nuôi và Thú y")),
        daily=0.12,
    ),
)
